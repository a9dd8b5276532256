package io.cutovermonitor.validators.event;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;

/**
 * The text an event's data is hashed from: exactly what the records' own {@code toString} writes
 * ({@code Name[component=value, ...]}, nested records alike), so hashes already in a ledger stay valid, but built
 * with one {@link StringBuilder}. On Java 17 a record's generated {@code toString} goes through
 * {@code String.format}, which was a tenth of the parser's time at ingest rates.
 */
final class CanonicalText {

    private static final MethodType READ = MethodType.methodType(Object.class, Object.class);

    private static final ClassValue<Component[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected Component[] computeValue(Class<?> type) {
            RecordComponent[] declared = type.getRecordComponents();
            Component[] components = new Component[declared.length];
            for (int i = 0; i < declared.length; i++) {
                try {
                    // (Object)Object and invokeExact: a handle that is not a constant is slow when it must adapt
                    components[i] = new Component(declared[i].getName(), MethodHandles.publicLookup()
                            .unreflect(declared[i].getAccessor()).asType(READ));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("event records are public: " + type, e);
                }
            }
            return components;
        }
    };

    private record Component(String name, MethodHandle accessor) {
    }

    private CanonicalText() {
    }

    static String of(Record value) {
        StringBuilder text = new StringBuilder(160);
        append(text, value);
        return text.toString();
    }

    private static void append(StringBuilder text, Object value) {
        if (!(value instanceof Record)) {
            text.append(value);
            return;
        }
        text.append(value.getClass().getSimpleName()).append('[');
        Component[] components = COMPONENTS.get(value.getClass());
        for (int i = 0; i < components.length; i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(components[i].name()).append('=');
            append(text, read(components[i].accessor(), value));
        }
        text.append(']');
    }

    private static Object read(MethodHandle accessor, Object record) {
        try {
            return (Object) accessor.invokeExact(record);
        } catch (Throwable e) {
            throw new IllegalStateException("a record accessor failed", e);
        }
    }
}
