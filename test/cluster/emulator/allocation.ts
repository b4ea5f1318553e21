import { arr, at, type JsonObject } from './json';
import { intToIp, parseCidr, type Allocators } from './kinds';

/** The apiserver's ClusterIP and NodePort allocators: the next free address of the service range, the next free port. */
export class ServiceAllocation {
  private readonly cidr: { base: number; size: number };
  private nextIp = 10;
  private nextNodePort = 30080;

  constructor(serviceCidr: string) {
    this.cidr = parseCidr(serviceCidr);
  }

  /** Allocators for one write, skipping what `services` hold; a dry run's allocations are not kept. */
  allocators(services: Iterable<JsonObject>, dryRun: boolean): Allocators {
    let ip = this.nextIp;
    let np = this.nextNodePort;
    const usedIps = new Set<string>();
    const usedPorts = new Set<number>();
    for (const s of services) {
      usedIps.add(String(at(s, 'spec', 'clusterIP')));
      for (const p of arr(at(s, 'spec', 'ports'))) {
        const n = at(p, 'nodePort');
        if (typeof n === 'number') {
          usedPorts.add(n);
        }
      }
    }
    return {
      clusterIP: () => {
        let candidate = intToIp(this.cidr.base + ip);
        while (usedIps.has(candidate)) {
          candidate = intToIp(this.cidr.base + ++ip);
        }
        ip++;
        if (!dryRun) {
          this.nextIp = ip;
        }
        return candidate;
      },
      nodePort: () => {
        while (usedPorts.has(np)) {
          np++;
        }
        const port = np++;
        usedPorts.add(port);
        if (!dryRun) {
          this.nextNodePort = np;
        }
        return port;
      },
    };
  }
}
