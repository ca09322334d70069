import { ServiceItem } from '../../contract/catalog';
import { DoorstepError } from '../../contract/errors';
import type { Db } from '../db/db';

// The service catalog, read from the database once and kept in memory (it changes rarely; edits go
// through `put`, which updates both).

export class CatalogCache {
  private items = new Map<string, ServiceItem>();
  constructor(private readonly db: Db) {}

  async load(): Promise<void> {
    const rows = await this.db.all<{ data: string }>('SELECT data FROM items ORDER BY sort, code');
    this.items = new Map(rows.map((r) => ServiceItem.parse(JSON.parse(r.data))).map((i) => [i.id, i]));
  }

  list(activeOnly = true): ServiceItem[] {
    return [...this.items.values()].filter((i) => !activeOnly || i.active);
  }

  get(id: string): ServiceItem {
    const item = this.items.get(id);
    if (!item) throw new DoorstepError('NOT_FOUND', `no service item ${id}`);
    return item;
  }

  find(id: string): ServiceItem | undefined {
    return this.items.get(id);
  }

  async put(item: ServiceItem, sort = 0): Promise<void> {
    await this.db.run(
      `INSERT INTO items (id, code, skill_group, ticket_prefix, active, sort, data) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET code = excluded.code, skill_group = excluded.skill_group,
         ticket_prefix = excluded.ticket_prefix, active = excluded.active, data = excluded.data`,
      [
        item.id,
        item.code,
        item.skillGroup,
        item.ticketPrefix,
        item.active ? 1 : 0,
        sort,
        JSON.stringify(item),
      ],
    );
    this.items.set(item.id, item);
  }
}
