package dev.llmsuite.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds fields a typed model did not know. fabric8's models keep unknown keys in an
 * {@code additionalProperties} map instead of failing, so a misspelt field in a template ({@code sercurityContext})
 * would pass deserialisation; walking every nested model and reporting a non-empty map makes validation strict.
 */
final class UnknownFields {

    private UnknownFields() {
    }

    static List<String> in(Object model) {
        List<String> found = new ArrayList<>();
        walk(model, "", found);
        return found;
    }

    private static void walk(Object value, String path, List<String> found) {
        if (value == null) {
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", found);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path + "." + key, found));
            return;
        }
        if (!value.getClass().getPackageName().startsWith("io.fabric8")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (!isGetter(getter)) {
                continue;
            }
            Object child = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    found.add(path + " " + unknown.keySet());
                }
            } else {
                walk(child, path + "." + property(getter), found);
            }
        }
    }

    private static boolean isGetter(Method method) {
        return method.getParameterCount() == 0 && !Modifier.isStatic(method.getModifiers())
                && method.getDeclaringClass() != Object.class
                && (method.getName().startsWith("get") || method.getName().startsWith("is"))
                && !method.getName().equals("getClass");
    }

    private static String property(Method getter) {
        String name = getter.getName().replaceFirst("^(get|is)", "");
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read " + getter + " of " + target.getClass(), e);
        }
    }
}
