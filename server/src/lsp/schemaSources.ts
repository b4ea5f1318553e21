import type { Connection } from 'vscode-languageserver/node';
import { loadBundledSchemas } from '../bundledSchemaLoader';
import type { MeshService } from '../core/service';
import { setBundledSchemaLoader } from '../core/schema/bundled';
import { setClusterCrds } from '../core/schema/crdSources';
import { clusterCrdsNotification } from '../protocol';

/**
 * Gives the service IST0106's schema sources besides the workspace's CRDs: the connected cluster's Istio CRDs (sent
 * by the client on connect, refresh, disconnect, another context) and the bundled schemas (loaded on first need).
 * When either changes, the editor pulls diagnostics again.
 */
export function provideSchemaSources(connection: Connection, service: MeshService, refresh: () => void): void {
  connection.onNotification(clusterCrdsNotification, (p) => {
    setClusterCrds(service.index, p && Array.isArray(p.crds) && typeof p.origin === 'string' ? p : null);
    refresh();
  });
  setBundledSchemaLoader(service.index, loadBundledSchemas, (error) => {
    if (error) {
      connection.console.error(
        `The bundled Istio schemas could not be loaded, so Istio resources without a CRD in the workspace or the cluster are not schema-checked: ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    refresh();
  });
}
