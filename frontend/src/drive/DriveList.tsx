import type { DriveItem } from "../api/types";
import { DriveRow, type RowAction } from "./DriveRow";

interface Props {
  items: DriveItem[];
  trash: boolean;
  onOpen: (item: DriveItem) => void;
  onAction: (action: RowAction, item: DriveItem) => void;
}

export function DriveList({ items, trash, onOpen, onAction }: Props) {
  if (items.length === 0) {
    return (
      <div className="drive-empty">
        {trash ? "Trash is empty." : "Nothing here yet. Create a notebook, or drop .ipynb files here to upload them."}
      </div>
    );
  }
  return (
    <table className="drive-table" aria-label={trash ? "Trash" : "Files"}>
      <thead>
        <tr>
          <th className="col-name">Name</th>
          <th className="col-modified">Last modified</th>
          <th className="col-size">Size</th>
          <th className="col-actions">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <DriveRow key={item.id} item={item} trash={trash} onOpen={onOpen} onAction={onAction} />
        ))}
      </tbody>
    </table>
  );
}
