// Read-modify-write of one text column (a JSON list kept whole, such as a device's or a provider's tags) as a
// compare-and-swap: the new text is written only where the column still holds the text that was read. A concurrent
// change in between makes the write miss, and the change is applied again to what the other call wrote, so neither
// call's keys are lost. No row lock is needed, so it works the same on SQLite and PostgreSQL.
import type { Kysely } from 'kysely';

/** How often a change is retried when another change of the same column wins the race. */
const SWAP_ATTEMPTS = 50;

/**
 * Applies `change` to `column` of the row of `table` matching every `key` column. False: no such row.
 * Throws after SWAP_ATTEMPTS lost races in a row (a sign of a hot row, not of lost data: nothing was overwritten).
 */
export async function swapColumn(
  db: Kysely<any>,
  table: string,
  column: string,
  key: Record<string, string | number>,
  change: (text: string | null) => string | null,
): Promise<boolean> {
  for (let attempt = 0; attempt < SWAP_ATTEMPTS; attempt++) {
    let read = db.selectFrom(table).select(column);
    for (const [k, v] of Object.entries(key)) read = read.where(k, '=', v);
    const row = (await read.executeTakeFirst()) as Record<string, string | null> | undefined;
    if (!row) return false;
    const before = row[column] ?? null;
    let write = db.updateTable(table).set({ [column]: change(before) });
    for (const [k, v] of Object.entries(key)) write = write.where(k, '=', v);
    write = before === null ? write.where(column, 'is', null) : write.where(column, '=', before);
    if (Number((await write.executeTakeFirst()).numUpdatedRows) > 0) return true;
  }
  throw new Error(`${table}.${column}: changed concurrently ${SWAP_ATTEMPTS} times in a row`);
}
