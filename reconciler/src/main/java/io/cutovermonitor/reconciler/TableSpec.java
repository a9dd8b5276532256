package io.cutovermonitor.reconciler;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One table to reconcile.
 *
 * @param name           table name (matched case-insensitively on each side)
 * @param keyColumns     key columns; empty: the primary key of the source table (none: the table is one multiset)
 * @param excludeColumns columns left out of the comparison (key columns are always compared)
 */
public record TableSpec(String name, List<String> keyColumns, Set<String> excludeColumns) {

    public TableSpec {
        Objects.requireNonNull(name, "name");
        keyColumns = List.copyOf(keyColumns == null ? List.of() : keyColumns);
        excludeColumns = Set.copyOf(excludeColumns == null ? Set.of() : excludeColumns);
    }

    public static TableSpec of(String name) {
        return new TableSpec(name, List.of(), Set.of());
    }

    public TableSpec withKeys(String... keys) {
        return new TableSpec(name, List.of(keys), excludeColumns);
    }

    public TableSpec excluding(String... columns) {
        return new TableSpec(name, keyColumns, Set.of(columns));
    }
}
