// Small inline icons of the runtime chrome (decorative: hidden from assistive technology).

function Icon({ kind, size, path }: { kind: string; size: number; path: string }) {
  return (
    <svg className={`runtime-icon ${kind}`} width={size} height={size} viewBox="0 0 24 24" aria-hidden="true">
      <path fill="currentColor" d={path} />
    </svg>
  );
}

export function CheckIcon() {
  return <Icon kind="ok" size={16} path="M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z" />;
}

export function WarningIcon() {
  return <Icon kind="warn" size={16} path="M1 21h22L12 2 1 21zm12-3h-2v-2h2v2zm0-4h-2v-4h2v4z" />;
}

export function FolderIcon() {
  return <Icon kind="folder" size={18} path="M10 4H4a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V8a2 2 0 0 0-2-2h-8l-2-2z" />;
}

export function FileIcon() {
  return <Icon kind="file" size={18} path="M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8l-6-6zm-1 7V3.5L18.5 9H13z" />;
}

export function Spinner() {
  return <span className="runtime-spinner" aria-hidden="true" />;
}
