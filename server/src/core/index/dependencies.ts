/**
 * A part of the workspace that a computation read: all objects of a kind, the Services selecting a label, one file.
 * Each topic has a version that moves when that part changes; a result computed from topics at some versions is
 * still right while those versions hold (see `DependencyTracker.record` and `isCurrent`).
 */
export type Topic = string;

/**
 * The topics a computation read, and the tracker's clock when it ended (`at`). A topic's version is the clock at its
 * last bump and the clock only goes up, so the topics are as they were read while none has a version above `at`: one
 * number per result instead of one version per topic. Kept per rule and object for every file of the workspace, so
 * it is kept small: topic strings are the tracker's own (one copy of each), and a computation that read nothing
 * shares one value.
 */
export interface Dependencies {
  readonly at: number;
  readonly topics: readonly Topic[];
}

/** Every object of a kind: added, removed, edited or put in another order (what they say, not where they are). */
export const kindTopic = (kind: string): Topic => `kind\u0000${kind}`;
/**
 * Where the objects of a kind are: moved by an edit above them. Lookups built from the workspace keep spans, so they
 * depend on it; a result whose positions are anchored to chunks (see `isCurrentApartFromMoves`) does not.
 */
export const placeTopic = (kind: string): Topic => `${PLACE}${kind}`;
const PLACE = 'place\u0000';
/** The Services having `key: value` in their selector (their content, not their position). */
export const selectorTopic = (key: string, value: string): Topic => `selector\u0000${key}\u0000${value}`;
/** The workloads whose pod template has the label `key: value` (their content, not their position). */
export const podLabelTopic = (key: string, value: string): Topic => `pod-label\u0000${key}\u0000${value}`;
/** One file's text. */
export const fileTopic = (uri: string): Topic => `file\u0000${uri}`;
/** A value given to the index from outside the files (see `MutableWorkspaceIndex.setInput`). */
export const inputTopic = (key: string): Topic => `input\u0000${key}`;
/** Everything: what reads all objects or all files depends on it. */
export const ALL_TOPIC: Topic = 'all';

/** What a computation that read no topic depends on: nothing, current forever. */
export const NO_DEPENDENCIES: Dependencies = { at: 0, topics: [] };

/**
 * Which topics computations read, and the version of each topic. The index says what a lookup reads (`read`) and
 * what a change touched (`bump`); the service records a rule's run and keeps its findings while `isCurrent` holds.
 */
export class DependencyTracker {
  /** The version of each topic bumped since it was first read (keyed by its `names` string). */
  private readonly versions = new Map<Topic, number>();
  /**
   * One string per topic ever read: the topics are built by concatenation at each read, and a dependency list holding
   * those would hold a copy of, say, a file's URI per rule and object reading it.
   */
  private readonly names = new Map<Topic, Topic>();
  private clock = 0;
  /** The topics read by the computations being recorded, innermost last (undefined until one is read). */
  private readonly recorders: (Set<Topic> | undefined)[] = [];
  private untrackedDepth = 0;

  /**
   * Runs `compute` and returns the topics it read (see `read`) with their versions. Recordings nest: an inner one's
   * topics count for the outer one too.
   */
  record<T>(compute: () => T): { value: T; deps: Dependencies } {
    const depth = this.recorders.length;
    this.recorders.push(undefined);
    const outerUntracked = this.untrackedDepth;
    this.untrackedDepth = 0;
    try {
      const value = compute();
      const topics = this.recorders[depth];
      return { value, deps: topics ? { at: this.clock, topics: [...topics] } : NO_DEPENDENCIES };
    } finally {
      this.untrackedDepth = outerUntracked;
      this.recorders.pop();
    }
  }

  /** True while no topic of `deps` changed since they were recorded. */
  isCurrent(deps: Dependencies): boolean {
    for (const t of deps.topics) {
      if ((this.versions.get(t) ?? 0) > deps.at) {
        return false;
      }
    }
    return true;
  }

  /**
   * True while no topic of `deps` changed except where objects are (`placeTopic`): for results whose positions are
   * pinned to chunks or follow the files they point into, which a move leaves right. Without this, an edit near the
   * top of a big file would count as a change of every kind below it.
   */
  isCurrentApartFromMoves(deps: Dependencies): boolean {
    for (const t of deps.topics) {
      if ((this.versions.get(t) ?? 0) > deps.at && !t.startsWith(PLACE)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The union of dependency lists that are all current apart from moves now (see `isCurrentApartFromMoves`), as one:
   * stamped with the clock now, which holds exactly while each of them would.
   */
  merge(lists: readonly Dependencies[]): Dependencies {
    const topics = new Set<Topic>();
    lists.forEach((d) => d.topics.forEach((t) => topics.add(t)));
    if (topics.size === 0) {
      return NO_DEPENDENCIES;
    }
    // Often one of the lists holds all the others' topics (most objects: one rule reads the workspace): its list is
    // the union, and is shared rather than copied.
    const all = lists.find((d) => d.topics.length === topics.size);
    return { at: this.clock, topics: all ? all.topics : [...topics] };
  }

  /**
   * Runs `compute` without recording the topics it reads: for a lookup whose answer the caller then narrows and
   * declares precisely (e.g. the Services selecting one workload's labels, not all Services).
   */
  untracked<T>(compute: () => T): T {
    this.untrackedDepth++;
    try {
      return compute();
    } finally {
      this.untrackedDepth--;
    }
  }

  /** Counts a topic as read by the computation being recorded, if any (and not inside `untracked`). */
  read(topic: Topic): void {
    const top = this.recorders.length - 1;
    if (this.untrackedDepth === 0 && top >= 0) {
      let topics = this.recorders[top];
      if (!topics) {
        topics = new Set();
        this.recorders[top] = topics;
      }
      let name = this.names.get(topic);
      if (name === undefined) {
        name = topic;
        this.names.set(name, name);
      }
      topics.add(name);
    }
  }

  /** Counts every topic of `deps` as read: a cached result's dependencies are its user's. */
  readAll(deps: Dependencies): void {
    deps.topics.forEach((t) => this.read(t));
  }

  /**
   * Moves a topic's version: what was computed from it is stale. A topic never read has nothing computed from it (its
   * version stays 0, below every `at`): the selector and pod-label topics of every Service and workload read in are
   * not kept until something asks for them.
   */
  bump(topic: Topic): void {
    const name = this.names.get(topic);
    if (name !== undefined) {
      this.versions.set(name, ++this.clock);
    }
  }
}
