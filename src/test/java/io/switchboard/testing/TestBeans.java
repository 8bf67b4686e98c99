package io.switchboard.testing;

import jakarta.inject.Inject;
import java.lang.reflect.Field;

/**
 * Test fixture: wires beans as CDI would, without a container. Each {@code @Inject} field of each
 * bean gets the one given bean of its type; a field no given bean fits stays null. Nothing else of
 * CDI happens ({@code @PostConstruct} does not run), so give subclasses where a bean needs it.
 */
public final class TestBeans {

    private TestBeans() {
    }

    public static void wire(Object... beans) {
        for (Object bean : beans) {
            for (Class<?> type = bean.getClass(); type != Object.class; type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    if (field.isAnnotationPresent(Inject.class)) {
                        inject(bean, field, beans);
                    }
                }
            }
        }
    }

    private static void inject(Object bean, Field field, Object[] beans) {
        Object found = null;
        for (Object candidate : beans) {
            if (candidate != bean && field.getType().isInstance(candidate)) {
                if (found != null) {
                    throw new IllegalArgumentException("two beans fit " + field);
                }
                found = candidate;
            }
        }
        if (found != null) {
            try {
                field.setAccessible(true);
                field.set(bean, found);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
