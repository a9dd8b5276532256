package io.cutovermonitor.validators.rules;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The state's maps are persistent ({@link PersistentMap}): a change makes a new map that shares everything else with
 * the old one, in O(log n), where a copy would cost the whole map (a table of 500,000 chunks for each chunk
 * reported). Insertion order is kept, so replays iterate alike.
 */
final class Maps {

    private Maps() {
    }

    static <K, V> Map<K, V> frozen(Map<K, V> map) {
        return map == null ? PersistentMap.empty() : PersistentMap.from(map);
    }

    static <K, V> Map<K, V> with(Map<K, V> map, K key, V value) {
        PersistentMap<K, V> persistent = PersistentMap.from(map);
        return value == null ? persistent.minus(key) : persistent.plus(key, value);
    }

    static <K, V> Map<K, V> without(Map<K, V> map, K key) {
        return PersistentMap.from(map).minus(key);
    }

    static <K, V> Map<K, V> update(Map<K, V> map, K key, V absent, UnaryOperator<V> change) {
        V current = map.getOrDefault(key, absent);
        return with(map, key, change.apply(current));
    }
}
