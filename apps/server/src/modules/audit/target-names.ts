/**
 * Naming audit targets for the viewer. Records keep only the target's type and id (the hash chain
 * covers exactly the fields written, and most writers know only the id); names are resolved when
 * the log is read, through one resolver per target type that the owning module supplies. The audit
 * module never queries another module's tables itself.
 */
export type TargetNameResolver = (ids: readonly string[]) => Promise<ReadonlyMap<string, string>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class TargetNames {
  private readonly resolvers = new Map<string, TargetNameResolver>();

  /** Registers the resolver for one target type (the owning module's port). */
  register(targetType: string, resolver: TargetNameResolver): void {
    this.resolvers.set(targetType, resolver);
  }

  /** Names for the given targets, keyed `type:id`. Ids that are not UUIDs are never looked up. */
  async resolve(targets: readonly { targetType: string | null; targetId: string | null }[]): Promise<Map<string, string>> {
    const byType = new Map<string, Set<string>>();
    for (const { targetType, targetId } of targets) {
      if (!targetType || !targetId || !UUID.test(targetId) || !this.resolvers.has(targetType)) continue;
      let ids = byType.get(targetType);
      if (!ids) byType.set(targetType, (ids = new Set()));
      ids.add(targetId);
    }
    const names = new Map<string, string>();
    await Promise.all(
      [...byType].map(async ([type, ids]) => {
        const found = await this.resolvers.get(type)!([...ids]);
        for (const [id, name] of found) names.set(`${type}:${id}`, name);
      }),
    );
    return names;
  }
}
