// Inline SVG icons (Material-style paths), so nothing is fetched at runtime.
import type { ReactNode } from "react";

function Svg({ children, size = 20, color = "currentColor" }: { children: ReactNode; size?: number; color?: string }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill={color} aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

export const FolderSvg = () => (
  <Svg color="#5f6368">
    <path d="M10 4H4c-1.1 0-2 .9-2 2v12c0 1.1.9 2 2 2h16c1.1 0 2-.9 2-2V8c0-1.1-.9-2-2-2h-8l-2-2z" />
  </Svg>
);

/** A notebook created in Collaboratory: the orange two-ring mark on a page. */
export const NotebookSvg = () => (
  <svg width={20} height={20} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
    <rect x="3" y="2" width="18" height="20" rx="2" fill="#fef7e0" stroke="#f9ab00" strokeWidth="1.5" />
    <circle cx="9.5" cy="12" r="3.2" fill="none" stroke="#f9ab00" strokeWidth="2" />
    <circle cx="14.5" cy="12" r="3.2" fill="none" stroke="#e8710a" strokeWidth="2" />
  </svg>
);

/** An uploaded notebook: a blue page with an upward arrow. */
export const UploadedNotebookSvg = () => (
  <svg width={20} height={20} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
    <path d="M5 2h10l5 5v13a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2z" fill="#e8f0fe" stroke="#1a73e8" strokeWidth="1.5" />
    <path d="M15 2v5h5" fill="none" stroke="#1a73e8" strokeWidth="1.5" />
    <path d="M12 9.5l-4 4h2.6V18h2.8v-4.5H16z" fill="#1a73e8" />
  </svg>
);

export const FileSvg = () => (
  <Svg color="#5f6368">
    <path d="M14 2H6c-1.1 0-2 .9-2 2v16c0 1.1.9 2 2 2h12c1.1 0 2-.9 2-2V8l-6-6zm4 18H6V4h7v5h5v11z" />
  </Svg>
);

/** My Drive: our own mark, a storage box holding the two rings of the logo. */
export const MyDriveSvg = () => (
  <svg width={20} height={20} viewBox="0 0 24 24" aria-hidden="true" focusable="false" data-icon="my-drive">
    <rect x="2.5" y="5" width="19" height="14" rx="2.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
    <circle cx="10" cy="12" r="2.6" fill="none" stroke="currentColor" strokeWidth="1.6" />
    <circle cx="14" cy="12" r="2.6" fill="none" stroke="currentColor" strokeWidth="1.6" />
  </svg>
);

export const SharedSvg = ({ size }: { size?: number } = {}) => (
  <Svg {...(size === undefined ? {} : { size })}>
    <path d="M16 11c1.66 0 2.99-1.34 2.99-3S17.66 5 16 5c-1.66 0-3 1.34-3 3s1.34 3 3 3zm-8 0c1.66 0 2.99-1.34 2.99-3S9.66 5 8 5C6.34 5 5 6.34 5 8s1.34 3 3 3zm0 2c-2.33 0-7 1.17-7 3.5V19h14v-2.5c0-2.33-4.67-3.5-7-3.5zm8 0c-.29 0-.62.02-.97.05 1.16.84 1.97 1.97 1.97 3.45V19h6v-2.5c0-2.33-4.67-3.5-7-3.5z" />
  </Svg>
);

export const ShareSvg = () => (
  <Svg size={18}>
    <path d="M15 12c2.21 0 4-1.79 4-4s-1.79-4-4-4-4 1.79-4 4 1.79 4 4 4zm-9-2V7H4v3H1v2h3v3h2v-3h3v-2H6zm9 4c-2.67 0-8 1.34-8 4v2h16v-2c0-2.66-5.33-4-8-4z" />
  </Svg>
);

export const TrashSvg = () => (
  <Svg>
    <path d="M6 19c0 1.1.9 2 2 2h8c1.1 0 2-.9 2-2V7H6v12zM19 4h-3.5l-1-1h-5l-1 1H5v2h14V4z" />
  </Svg>
);

export const PlusSvg = () => (
  <Svg>
    <path d="M19 13h-6v6h-2v-6H5v-2h6V5h2v6h6v2z" />
  </Svg>
);

export const NewFolderSvg = () => (
  <Svg>
    <path d="M20 6h-8l-2-2H4c-1.1 0-2 .9-2 2v12c0 1.1.9 2 2 2h16c1.1 0 2-.9 2-2V8c0-1.1-.9-2-2-2zm-1 8h-3v3h-2v-3h-3v-2h3V9h2v3h3v2z" />
  </Svg>
);

export const UploadSvg = () => (
  <Svg>
    <path d="M9 16h6v-6h4l-7-7-7 7h4v6zm-4 2h14v2H5v-2z" />
  </Svg>
);

export const RenameSvg = () => (
  <Svg size={18}>
    <path d="M3 17.25V21h3.75L17.81 9.94l-3.75-3.75L3 17.25zM20.71 7.04a1 1 0 0 0 0-1.41l-2.34-2.34a1 1 0 0 0-1.41 0l-1.83 1.83 3.75 3.75 1.83-1.83z" />
  </Svg>
);

export const MoveSvg = () => (
  <Svg size={18}>
    <path d="M20 6h-8l-2-2H4c-1.1 0-2 .9-2 2v12c0 1.1.9 2 2 2h16c1.1 0 2-.9 2-2V8c0-1.1-.9-2-2-2zm-6 12v-3h-4v-4h4V8l5 5-5 5z" />
  </Svg>
);

export const DownloadSvg = () => (
  <Svg size={18}>
    <path d="M19 9h-4V3H9v6H5l7 7 7-7zM5 18v2h14v-2H5z" />
  </Svg>
);

export const DeleteSvg = () => (
  <Svg size={18}>
    <path d="M6 19c0 1.1.9 2 2 2h8c1.1 0 2-.9 2-2V7H6v12zM19 4h-3.5l-1-1h-5l-1 1H5v2h14V4z" />
  </Svg>
);

export const RestoreSvg = () => (
  <Svg size={18}>
    <path d="M13 3a9 9 0 0 0-9 9H1l3.89 3.89.07.14L9 12H6c0-3.87 3.13-7 7-7s7 3.13 7 7-3.13 7-7 7c-1.93 0-3.68-.79-4.94-2.06l-1.42 1.42A8.95 8.95 0 0 0 13 21a9 9 0 0 0 0-18z" />
  </Svg>
);

export const ChevronSvg = () => (
  <Svg size={18}>
    <path d="M10 6L8.59 7.41 13.17 12l-4.58 4.59L10 18l6-6z" />
  </Svg>
);
