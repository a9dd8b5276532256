package io.cutovermonitor.validators.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Copy-on-write helpers for the state's maps; insertion order is kept, so replays iterate alike. */
final class Maps {

    private Maps() {
    }

    static <K, V> Map<K, V> frozen(Map<K, V> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        return map.getClass() == UNMODIFIABLE ? map : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    static <K, V> Map<K, V> with(Map<K, V> map, K key, V value) {
        LinkedHashMap<K, V> copy = new LinkedHashMap<>(map);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return Collections.unmodifiableMap(copy);
    }

    static <K, V> Map<K, V> without(Map<K, V> map, K key) {
        return map.containsKey(key) ? with(map, key, null) : map;
    }

    static <K, V> Map<K, V> update(Map<K, V> map, K key, V absent, UnaryOperator<V> change) {
        V current = map.getOrDefault(key, absent);
        return with(map, key, change.apply(current));
    }

    private static final Class<?> UNMODIFIABLE = Collections.unmodifiableMap(new LinkedHashMap<>()).getClass();
}
