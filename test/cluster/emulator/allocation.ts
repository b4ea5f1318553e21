import { arr, at, type JsonObject } from './json';
import { intToIp, invalid, ipToInt, parseCidr, type Allocators } from './kinds';
import type { StatusCause } from './status';

/** The apiserver's ClusterIP and NodePort allocators: the next free address of the service range, the next free port. */
export class ServiceAllocation {
  private readonly cidr: { base: number; size: number };
  private nextIp = 10;
  private nextNodePort = 30080;

  constructor(private readonly serviceCidr: string) {
    this.cidr = parseCidr(serviceCidr);
  }

  /**
   * Why the apiserver refuses the ClusterIP a new Service asks for (its allocator's words), or undefined: an address
   * outside the service range, or one another Service holds.
   */
  refusal(ip: string, services: Iterable<JsonObject>): StatusCause | undefined {
    const n = ipToInt(ip);
    const refuse = (why: string): StatusCause => invalid('spec.clusterIPs', [ip], `failed to allocate IP ${ip}: ${why}`);
    if (n < this.cidr.base || n >= this.cidr.base + this.cidr.size) {
      return refuse(`the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${this.serviceCidr}`);
    }
    for (const s of services) {
      if (at(s, 'spec', 'clusterIP') === ip) {
        return refuse('provided IP is already allocated');
      }
    }
    return undefined;
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
