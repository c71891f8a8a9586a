import { JobQueue } from './queue/job-queue.tsx';
import { PromptStudio } from './studio/prompt-studio.tsx';
import { ImageDropZone } from './tools/image-drop-zone.tsx';
import { StartImagePanel } from './tools/start-image-panel.tsx';
import { ModelCatalogueDialog } from './models/model-catalogue-dialog.tsx';

/** The studio: compose on the left, watch generations arrive on the right. */
export function StudioView() {
  return (
    <ImageDropZone>
      <div className="studio-view">
        <div className="studio-compose">
          <header className="view-head">
            <h1>Studio</h1>
            <p className="view-sub">Describe a decoration, pick a style, generate.</p>
          </header>
          <StartImagePanel />
          <PromptStudio />
        </div>
        <JobQueue />
        <ModelCatalogueDialog />
      </div>
    </ImageDropZone>
  );
}
