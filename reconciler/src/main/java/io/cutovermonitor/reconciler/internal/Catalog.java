package io.cutovermonitor.reconciler.internal;

import io.cutovermonitor.reconciler.ColumnKind;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/** Finding tables, columns and primary keys through JDBC metadata, the same way for every driver. */
public final class Catalog {

    private final Connection connection;
    private final Dialect dialect;
    private final boolean schemaIsCatalog;
    private final String catalog;
    private final String schema;

    /** A table as this side names it. */
    public record Table(String catalog, String schema, String name, String qualifiedName) {
    }

    public Catalog(Connection connection, Dialect dialect, String schema) throws SQLException {
        this.connection = connection;
        this.dialect = dialect;
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        this.schemaIsCatalog = product.contains("mysql") || product.contains("mariadb");
        if (schemaIsCatalog) {
            this.catalog = schema != null ? schema : connection.getCatalog();
            this.schema = null;
        } else {
            this.catalog = null;
            this.schema = schema != null ? schema : connection.getSchema();
        }
    }

    static String quoteGeneric(Connection connection, String name) {
        try {
            String q = connection.getMetaData().getIdentifierQuoteString();
            if (q == null || q.isBlank()) {
                return name;
            }
            return q + name.replace(q, q + q) + q;
        } catch (SQLException e) {
            return '"' + name + '"';
        }
    }

    private String quote(String name) {
        return dialect != null ? dialect.quote(name) : quoteGeneric(connection, name);
    }

    /** Whether the schema (MySQL/MariaDB: the database) this side is asked about exists at all. */
    public boolean schemaExists() throws SQLException {
        String wanted = schemaIsCatalog ? catalog : schema;
        if (wanted == null) {
            return true;
        }
        DatabaseMetaData md = connection.getMetaData();
        try (ResultSet rs = schemaIsCatalog ? md.getCatalogs() : md.getSchemas()) {
            while (rs.next()) {
                if (wanted.equalsIgnoreCase(rs.getString(1))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The schema's name as the operator gave it (or the connection's), for messages. */
    public String schemaName() {
        return schemaIsCatalog ? catalog : schema;
    }

    /** The base tables of the schema, sorted by name. */
    public List<Table> tables() throws SQLException {
        List<Table> out = new ArrayList<>();
        DatabaseMetaData md = connection.getMetaData();
        try (ResultSet rs = md.getTables(catalog, schema, "%", new String[]{"TABLE", "BASE TABLE"})) {
            while (rs.next()) {
                String cat = rs.getString("TABLE_CAT");
                String sch = rs.getString("TABLE_SCHEM");
                String name = rs.getString("TABLE_NAME");
                out.add(table(cat, sch, name));
            }
        }
        out.sort((a, b) -> a.name().compareToIgnoreCase(b.name()));
        return out;
    }

    private Table table(String cat, String sch, String name) {
        String qualifier = schemaIsCatalog ? cat : sch;
        String qualified = (qualifier == null ? "" : quote(qualifier) + ".") + quote(name);
        return new Table(cat, sch, name, qualified);
    }

    /** The table of that name (case-insensitive), or null. */
    public Table find(String name) throws SQLException {
        Table fallback = null;
        for (Table t : tables()) {
            if (t.name().equals(name)) {
                return t;
            }
            if (t.name().equalsIgnoreCase(name)) {
                fallback = t;
            }
        }
        return fallback;
    }

    /** Columns as the driver reports them for {@code SELECT *}, in table order. */
    public List<Column> columns(Table table) throws SQLException {
        List<Column> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT * FROM " + table.qualifiedName() + " WHERE 1 = 0");
             ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                int type = md.getColumnType(i);
                String typeName = md.getColumnTypeName(i);
                out.add(new Column(md.getColumnName(i), ColumnKind.of(type, typeName), type, typeName));
            }
        } finally {
            connection.commit();
        }
        return out;
    }

    /** Primary key columns in key order (empty: no primary key). */
    public List<String> primaryKey(Table table) throws SQLException {
        TreeMap<Short, String> keys = new TreeMap<>();
        try (ResultSet rs = connection.getMetaData().getPrimaryKeys(table.catalog(), table.schema(), table.name())) {
            while (rs.next()) {
                keys.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        return new ArrayList<>(keys.values());
    }
}
