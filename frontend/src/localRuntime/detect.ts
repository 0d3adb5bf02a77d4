import { extensionOutdated, LocalRuntimeError } from "./connectErrors";
import { tooOldProblem } from "./diagnose";
import { askExtension, HttpOverWsTransport } from "./httpOverWs";
import type { LocalServer } from "./localUrl";
import { RestTransport } from "./restTransport";
import { browserDeps, type ClientDeps, type LocalTransport } from "./transport";

/**
 * Finds out how the local server speaks and returns a transport that has listed its kernels:
 * jupyter_http_over_ws when its diagnose endpoint answers (the classic Notebook), else REST + CORS
 * (jupyter_server 2). Every failure is a LocalRuntimeError naming the command that fixes it.
 */
export async function openTransport(server: LocalServer, origin: string, deps: ClientDeps = browserDeps()): Promise<LocalTransport> {
  const extension = await askExtension(server, deps);
  const transport = extension ? await HttpOverWsTransport.open(server, origin, deps) : new RestTransport(server, origin, deps);
  try {
    if (extension?.is_outdated_extension) throw new LocalRuntimeError(extensionOutdated(server, origin, extension.extension_version));
    await transport.call<unknown>("/api/kernels");
    if (!extension) {
      const { version } = await transport.call<{ version: string }>("/api");
      const tooOld = tooOldProblem(version, server, origin);
      if (tooOld) throw new LocalRuntimeError(tooOld);
    }
    return transport;
  } catch (error) {
    transport.close();
    throw error;
  }
}
