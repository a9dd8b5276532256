package io.cutovermonitor.reconciler;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One table to reconcile.
 *
 * @param name           table name on the source (matched case-insensitively)
 * @param targetName     table name on the target; null: the same name
 * @param keyColumns     key columns; empty: the primary key of the source table (none: the table is one multiset)
 * @param excludeColumns columns left out of the comparison (key columns are always compared)
 */
public record TableSpec(String name, String targetName, List<String> keyColumns, Set<String> excludeColumns) {

    public TableSpec {
        Objects.requireNonNull(name, "name");
        targetName = targetName == null ? name : targetName;
        keyColumns = List.copyOf(keyColumns == null ? List.of() : keyColumns);
        excludeColumns = Set.copyOf(excludeColumns == null ? Set.of() : excludeColumns);
    }

    public static TableSpec of(String name) {
        return new TableSpec(name, null, List.of(), Set.of());
    }

    public TableSpec withTarget(String targetName) {
        return new TableSpec(name, targetName, keyColumns, excludeColumns);
    }

    public TableSpec withKeys(String... keys) {
        return new TableSpec(name, targetName, List.of(keys), excludeColumns);
    }

    public TableSpec excluding(String... columns) {
        return new TableSpec(name, targetName, keyColumns, Set.of(columns));
    }
}
