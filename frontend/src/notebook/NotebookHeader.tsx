import { useEffect, useRef, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import type { DriveItem, User } from "../api/types";
import { Logo } from "../ui/Logo";
import { navigate } from "../app/router";
import { EditableTitle, SaveStatus, type SaveState } from "../chrome";
import { ConnectButton, type RuntimeController } from "../runtime";
import { LocalRuntimeControls, type LocalRuntimeStore } from "../localRuntime";
import type { Command } from "./commands/registry";
import type { NotebookController } from "./model/NotebookController";
import { Collaborators } from "./Collaborators";
import { NotebookMenus } from "./NotebookMenus";
import { ShareDialog } from "../sharing/ShareDialog";
import { CommentsButton } from "../comments/CellCommentMarker";

interface Props {
  item: DriveItem;
  user: User;
  commands: Command[];
  controller: NotebookController;
  runtime: RuntimeController;
  /** Connect to a local runtime: in local mode the Connect button says so. */
  local: LocalRuntimeStore;
  awareness: Awareness;
  saveState: SaveState;
  /** A viewer's or commenter's header: a "View only" marker, nothing that edits or runs. */
  readOnly: boolean;
  /** Bumped by the "Rename notebook" command: put the title in edit mode. */
  renameRequest: number;
  onRename(name: string): void;
}

/** Colab's top: logo, editable title, menus and save status; Connect and "+ Code"/"+ Text" below. */
export function NotebookHeader({ item, user, commands, controller, runtime, local, awareness, saveState, readOnly, renameRequest, onRename }: Props) {
  const titleBox = useRef<HTMLDivElement>(null);
  const [sharing, setSharing] = useState(false);
  useEffect(() => {
    const field = renameRequest > 0 ? titleBox.current?.querySelector("input") : null;
    field?.focus();
    field?.select();
  }, [renameRequest]);
  const back = () => navigate(item.parent ? `/drive/folders/${item.parent}` : "/");
  return (
    <header className="nb-header">
      <div className="nb-header-top">
        <a
          href="/"
          className="brand nb-brand"
          aria-label="Back to Drive"
          onClick={(e) => {
            e.preventDefault();
            back();
          }}
        >
          <Logo />
        </a>
        <div className="nb-title-block">
          <div className="nb-title-row" ref={titleBox}>
            {readOnly ? <h1 className="nb-title-static">{item.name}</h1> : <EditableTitle name={item.name} onRename={onRename} />}
            {readOnly && (
              <span className="nb-view-only" role="status" title={`You are a ${item.role} of this notebook: it opens read-only.`}>
                View only
              </span>
            )}
          </div>
          <div className="nb-menu-row">
            <NotebookMenus commands={commands} controller={controller} />
            <SaveStatus state={saveState} />
          </div>
        </div>
        <div className="topbar-spacer" />
        <Collaborators awareness={awareness} />
        <CommentsButton />
        <button type="button" className="button primary nb-share" onClick={() => setSharing(true)}>
          Share
        </button>
        <span className="user-chip" title={user.is_guest ? "Guest session" : (user.username ?? "")}>
          {user.is_guest ? "Guest" : user.username}
        </span>
      </div>
      {!readOnly && (
        <div className="nb-toolbar">
          <button type="button" className="nb-add" onClick={() => controller.insert("code", "below")}>
            + Code
          </button>
          <button type="button" className="nb-add" onClick={() => controller.insert("markdown", "below")}>
            + Text
          </button>
          <div className="topbar-spacer" />
          <LocalRuntimeControls
            store={local}
            connectHosted={() => void runtime.connect()}
            openLocalDialog={() => commands.find((c) => c.id === "runtime.local")?.run()}
            hostedButton={
              <ConnectButton
                controller={runtime}
                onChangeRuntimeType={() => commands.find((c) => c.id === "runtime.change-type")?.run()}
              />
            }
          />
        </div>
      )}
      {sharing && <ShareDialog item={item} onClose={() => setSharing(false)} />}
    </header>
  );
}
