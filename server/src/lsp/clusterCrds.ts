import type { Connection } from 'vscode-languageserver/node';
import type { MeshService } from '../core/service';
import { setClusterCrds } from '../core/schema/crdSources';
import { clusterCrdsNotification } from '../protocol';

/**
 * Keeps the connected cluster's Istio CRDs in the service, as the schema source of the kinds the workspace has no CRD
 * for, and has the editor pull diagnostics again when they change (connect, refresh, disconnect, another context).
 */
export function listenForClusterCrds(connection: Connection, service: MeshService, refresh: () => void): void {
  connection.onNotification(clusterCrdsNotification, (p) => {
    setClusterCrds(service.index, p && Array.isArray(p.crds) && typeof p.origin === 'string' ? p : null);
    refresh();
  });
}
