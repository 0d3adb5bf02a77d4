import type { KeyboardEvent, ReactNode } from "react";
import type { DriveItem } from "../api/types";
import { driveApi } from "../api/endpoints";
import { ItemIcon } from "./ItemIcon";
import { DeleteSvg, DownloadSvg, MoveSvg, RenameSvg, RestoreSvg, SharedSvg, ShareSvg } from "./icons";
import { formatModified, formatSize, sharedWith } from "./format";

export type RowAction = "share" | "rename" | "move" | "delete" | "restore" | "deleteForever";

interface Props {
  item: DriveItem;
  trash: boolean;
  onOpen: (item: DriveItem) => void;
  onAction: (action: RowAction, item: DriveItem) => void;
}

function ActionButton({ label, onClick, children }: { label: string; onClick: () => void; children: ReactNode }) {
  return (
    <button type="button" className="icon-button" aria-label={label} title={label} onClick={(e) => { e.stopPropagation(); onClick(); }}>
      {children}
    </button>
  );
}

export function DriveRow({ item, trash, onOpen, onAction }: Props) {
  const openable = !trash && item.kind !== "file";
  const sharedTitle = sharedWith(item.shared);
  const onKeyDown = (e: KeyboardEvent<HTMLTableRowElement>) => {
    if (e.key === "Enter" && e.target === e.currentTarget && openable) onOpen(item);
  };
  return (
    <tr
      className={`drive-row${openable ? " openable" : ""}`}
      tabIndex={0}
      data-kind={item.kind}
      data-origin={item.origin ?? ""}
      data-item-id={item.id}
      aria-label={item.name}
      onDoubleClick={() => openable && onOpen(item)}
      onKeyDown={onKeyDown}
    >
      <td className="col-name">
        <div className="name-cell">
          <ItemIcon item={item} />
          {openable ? (
            <a
              className="item-name"
              href={item.kind === "folder" ? `/drive/folders/${item.id}` : `/notebooks/${item.id}`}
              tabIndex={-1}
              onClick={(e) => {
                e.preventDefault();
                e.stopPropagation();
                onOpen(item);
              }}
            >
              {item.name}
            </a>
          ) : (
            <span className="item-name">{item.name}</span>
          )}
          {sharedTitle && (
            <span className="shared-icon" role="img" aria-label={sharedTitle} title={sharedTitle}>
              <SharedSvg size={16} />
            </span>
          )}
        </div>
      </td>
      <td className="col-modified">{formatModified(item.updated_at)}</td>
      <td className="col-size">{formatSize(item)}</td>
      <td className="col-actions">
        {trash ? (
          <>
            <ActionButton label="Restore" onClick={() => onAction("restore", item)}>
              <RestoreSvg />
            </ActionButton>
            <ActionButton label="Delete forever" onClick={() => onAction("deleteForever", item)}>
              <DeleteSvg />
            </ActionButton>
          </>
        ) : (
          <>
            <ActionButton label="Share" onClick={() => onAction("share", item)}>
              <ShareSvg />
            </ActionButton>
            {(item.role === "owner" || item.role === "editor") && (
              <ActionButton label="Rename" onClick={() => onAction("rename", item)}>
                <RenameSvg />
              </ActionButton>
            )}
            {item.role === "owner" && (
              <ActionButton label="Move" onClick={() => onAction("move", item)}>
                <MoveSvg />
              </ActionButton>
            )}
            {item.kind !== "folder" && (
              <a className="icon-button" aria-label="Download" title="Download" href={driveApi.contentUrl(item.id)} download={item.name} onClick={(e) => e.stopPropagation()}>
                <DownloadSvg />
              </a>
            )}
            {item.role === "owner" && (
              <ActionButton label="Delete" onClick={() => onAction("delete", item)}>
                <DeleteSvg />
              </ActionButton>
            )}
          </>
        )}
      </td>
    </tr>
  );
}
