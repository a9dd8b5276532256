package io.cutovermonitor.validators.rules;

import org.pcollections.OrderedPMap;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable map in insertion order whose change makes a new map sharing everything else with the old one, in
 * O(log n). It is pcollections' {@link OrderedPMap} with a {@code containsKey} of its own: OrderedPMap 4.0.2 leaves it
 * (and so {@code getOrDefault} of a missing key) to {@link AbstractMap}, which walks every entry, and a table of
 * 500,000 chunks is asked for a chunk it does not have yet with every new chunk. Values are never null.
 */
final class PersistentMap<K, V> extends AbstractMap<K, V> {

    private static final PersistentMap<?, ?> EMPTY = new PersistentMap<>(OrderedPMap.empty());

    private final OrderedPMap<K, V> entries;

    private PersistentMap(OrderedPMap<K, V> entries) {
        this.entries = entries;
    }

    @SuppressWarnings("unchecked")
    static <K, V> PersistentMap<K, V> empty() {
        return (PersistentMap<K, V>) EMPTY;
    }

    static <K, V> PersistentMap<K, V> from(Map<K, V> map) {
        if (map instanceof PersistentMap<K, V> persistent) {
            return persistent;
        }
        map.values().forEach(value -> Objects.requireNonNull(value, "a state map holds no null value"));
        return map.isEmpty() ? empty() : new PersistentMap<>(OrderedPMap.from(map));
    }

    PersistentMap<K, V> plus(K key, V value) {
        return new PersistentMap<>(entries.plus(key, Objects.requireNonNull(value, "value")));
    }

    PersistentMap<K, V> minus(Object key) {
        return entries.get(key) == null ? this : new PersistentMap<>(entries.minus(key));
    }

    @Override
    public V get(Object key) {
        return entries.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.get(key) != null;
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return entries.entrySet();
    }

    @Override
    public int size() {
        return entries.size();
    }
}
