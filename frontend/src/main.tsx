import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App, startNotebookEarly } from "./app/App";
import { applyStoredTheme } from "./chrome/settings";
import "./styles.css";

applyStoredTheme(); // before the first paint: no flash of the light theme
startNotebookEarly(window.location.pathname);

const root = document.getElementById("root");
if (!root) throw new Error("missing #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
