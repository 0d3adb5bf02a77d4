import { useRef } from "react";
import { NewFolderSvg, PlusSvg, UploadSvg } from "./icons";

interface Props {
  onNewNotebook: () => void;
  onNewFolder: () => void;
  onUpload: (files: File[]) => void;
  busy: boolean;
}

export function DriveToolbar({ onNewNotebook, onNewFolder, onUpload, busy }: Props) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="drive-toolbar" role="toolbar" aria-label="Drive actions">
      <button type="button" className="button primary" onClick={onNewNotebook} disabled={busy}>
        <PlusSvg />
        New notebook
      </button>
      <button type="button" className="button" onClick={onNewFolder}>
        <NewFolderSvg />
        New folder
      </button>
      <button type="button" className="button" onClick={() => input.current?.click()}>
        <UploadSvg />
        Upload
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label="Choose files to upload"
        data-testid="upload-input"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = "";
          if (files.length > 0) onUpload(files);
        }}
      />
    </div>
  );
}
