import { settingFields, settingsFromFields, type EmbeddedSettings } from './embedded-settings.ts';

/**
 * Motif's XMP namespace. A namespace is a name, never fetched; `.invalid` is
 * a reserved domain, so it can belong to no one else.
 */
const MOTIF_NS = 'https://motif.invalid/ns/1.0/';

/** An XMP packet holding the settings: `dc:description` and `xmp:CreatorTool` for every reader, `motif:*` for Motif. */
export function xmpPacket(settings: EmbeddedSettings): string {
  const properties = settingFields(settings)
    .map(([name, value]) => `   <motif:${name}>${escapeXml(value)}</motif:${name}>`)
    .join('\n');
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '  <rdf:Description rdf:about=""',
    '    xmlns:dc="http://purl.org/dc/elements/1.1/"',
    '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    `    xmlns:motif="${MOTIF_NS}">`,
    `   <xmp:CreatorTool>Motif ${escapeXml(settings.motifVersion)}</xmp:CreatorTool>`,
    `   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(settings.prompt)}</rdf:li></rdf:Alt></dc:description>`,
    properties,
    '  </rdf:Description>',
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}

/**
 * The settings in an XMP packet Motif wrote; undefined for any other packet.
 * Reads only the `motif:` elements of the shape `xmpPacket` writes (a
 * general XMP parser is not needed to read back our own packet).
 */
export function settingsFromXmp(xmp: string): EmbeddedSettings | undefined {
  if (!xmp.includes(MOTIF_NS)) return undefined;
  const fields = new Map<string, string>();
  for (const match of xmp.matchAll(/<motif:([A-Za-z]+)>([^<]*)<\/motif:\1>/g)) fields.set(match[1]!, unescapeXml(match[2]!));
  return settingsFromFields(fields);
}

function escapeXml(text: string): string {
  return (
    text
      // XML 1.0 cannot hold these control characters at all, escaped or not.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&');
}
