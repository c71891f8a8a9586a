import type { PrintRequest } from '../contract/print-request.ts';

/** A file name (without extension) and the extension a save dialog should suggest for a print request. */
export function printFileName(request: PrintRequest): { name: string; extension: string } {
  const slug = (text: string): string =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'design';
  switch (request.product) {
    case 'print': {
      const size = request.layout?.size;
      const label = size === undefined ? 'a4' : 'preset' in size ? size.preset : `${size.width}x${size.height}${size.unit}`;
      const format = request.format ?? 'pdf';
      return { name: `motif-print-${slug(request.ids[0] ?? 'design')}-${label}`, extension: format === 'tiff' ? 'tif' : format };
    }
    case 'stickers':
      return { name: `motif-stickers-${slug(request.ids[0] ?? 'design')}`, extension: 'pdf' };
    case 'bunting':
      return { name: `motif-bunting-${slug(request.phrase)}`, extension: 'pdf' };
    case 'pattern':
      return { name: `motif-pattern-${slug(request.ids[0] ?? 'design')}`, extension: request.format ?? 'pdf' };
  }
}
