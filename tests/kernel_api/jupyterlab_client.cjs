// A real @jupyterlab/services client (what JupyterLab and VS Code's Jupyter extension use to
// talk to a Jupyter server) driving our service the way VS Code does for an "Existing Jupyter
// Server": list, open and save a Drive notebook through the contents API, list kernels and
// kernelspecs, start a notebook session, execute, complete, interrupt, restart, shut down. Writes what it saw, as JSON, to OUTPUT (the library logs its
// reconnections on stdout).
//
//   node jupyterlab_client.cjs FRONTEND_DIR BASE_URL TOKEN OUTPUT

const fs = require("node:fs");
const path = require("node:path");
const { createRequire } = require("node:module");

const [frontend, baseUrl, token, output] = process.argv.slice(2);
const load = createRequire(path.join(frontend, "package.json"));
const { ContentsManager, KernelManager, KernelSpecManager, ServerConnection, SessionManager } =
  load("@jupyterlab/services");
const WebSocket = load("ws");

async function execute(kernel, code) {
  const future = kernel.requestExecute({ code });
  let stdout = "";
  future.onIOPub = (msg) => {
    if (msg.header.msg_type === "stream") stdout += msg.content.text;
  };
  const reply = await future.done;
  return { status: reply.content.status, ename: reply.content.ename, stdout };
}

async function contentsFlow(serverSettings, seen) {
  const contents = new ContentsManager({ serverSettings });
  seen.api_version = (await (await ServerConnection.makeRequest(
    `${baseUrl}/api`, {}, serverSettings)).json()).version;
  const root = await contents.get("", { content: true });
  seen.root_names = root.content.map((model) => model.name).sort();
  const created = await contents.newUntitled({ path: "Notebooks", type: "notebook" });
  const opened = await contents.get(created.path, { type: "notebook", content: true });
  opened.content.cells.push({
    cell_type: "code", id: "from-vscode", source: "print('saved')",
    metadata: {}, outputs: [], execution_count: null,
  });
  const saved = await contents.save(created.path, {
    type: "notebook", format: "json", content: opened.content,
  });
  seen.saved = { path: saved.path, type: saved.type, writable: saved.writable };
  const reopened = await contents.get(created.path, { type: "notebook", content: true });
  seen.reopened_sources = reopened.content.cells.map((cell) => cell.source);
  await contents.createCheckpoint(created.path);
  seen.checkpoints = (await contents.listCheckpoints(created.path)).length;
  try {
    await contents.get("Notebooks/missing.ipynb");
  } catch (error) {
    seen.missing_error = error.message;
  }
  contents.dispose();
}

async function main() {
  const serverSettings = ServerConnection.makeSettings({
    baseUrl,
    wsUrl: baseUrl.replace(/^http/, "ws"),
    token,
    appendToken: true,
    WebSocket,
  });
  const kernelManager = new KernelManager({ serverSettings });
  const specManager = new KernelSpecManager({ serverSettings });
  const sessionManager = new SessionManager({ kernelManager, serverSettings });
  await Promise.all([kernelManager.ready, specManager.ready, sessionManager.ready]);
  const seen = {};
  await contentsFlow(serverSettings, seen);
  await Promise.all([kernelManager.refreshRunning(), specManager.refreshSpecs()]);
  seen.running_before = Array.from(kernelManager.running()).length;
  seen.default_spec = specManager.specs.default;
  seen.specs = Object.keys(specManager.specs.kernelspecs).sort();

  const id = Date.now().toString(36);
  const session = await sessionManager.startNew({
    path: `analysis-jvsc-${id}.ipynb`,
    name: `analysis-${id}.ipynb`,
    type: "notebook",
    kernel: { name: seen.default_spec },
  });
  const kernel = session.kernel;
  seen.session_path = session.path;
  seen.kernel_id = kernel.id;
  const runtimes = await fetch(`${baseUrl}/api/runtimes`, {
    headers: { Authorization: `token ${token}` },
  });
  seen.runtime_kernel_ids = (await runtimes.json()).map((runtime) => runtime.kernel_id);
  seen.first = await execute(kernel, "x = 6 * 7\nprint(x)");
  const completion = await kernel.requestComplete({ code: "impo", cursor_pos: 4 });
  seen.completes_import = completion.content.matches.includes("import");

  const sleeping = execute(kernel, "import time\ntime.sleep(60)");
  await new Promise((resolve) => setTimeout(resolve, 500));
  await kernel.interrupt();
  seen.interrupted = await sleeping;

  await kernel.restart();
  seen.after_restart = await execute(kernel, "print(x)");
  await sessionManager.refreshRunning();
  seen.sessions_listed = Array.from(sessionManager.running()).map((s) => s.path);

  await session.shutdown();
  await kernelManager.refreshRunning();
  seen.running_after = Array.from(kernelManager.running()).length;
  sessionManager.dispose();
  kernelManager.dispose();
  specManager.dispose();
  fs.writeFileSync(output, JSON.stringify(seen));
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  },
);
