export { LocalRuntimeDialog } from "./LocalRuntimeDialog";
export { LocalRuntimeControls } from "./LocalRuntimeControls";
export { LocalRuntimeStore, type LocalState } from "./LocalRuntimeStore";
