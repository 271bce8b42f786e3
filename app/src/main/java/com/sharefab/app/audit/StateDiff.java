package com.sharefab.app.audit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bson.Document;

/**
 * The fields that differ between two states of one read-model document, compared leaf by leaf: nested documents by
 * dotted path ({@code money.captured.fen}), lists by index ({@code timeline[3].what}). Dates are shown as ISO-8601
 * instants. A state that did not exist yet is the empty document.
 */
final class StateDiff {

    /** {@code FieldChange}: before or after is null where the field was absent or null. */
    record FieldChange(String field, Object before, Object after) {}

    private StateDiff() {}

    static List<FieldChange> between(Document before, Document after) {
        Map<String, Object> from = flatten(before);
        Map<String, Object> to = flatten(after);
        Set<String> fields = new LinkedHashSet<>(from.keySet());
        fields.addAll(to.keySet());
        List<FieldChange> changes = new ArrayList<>();
        for (String field : fields) {
            Object a = from.get(field);
            Object b = to.get(field);
            if (!Objects.equals(a, b)) {
                changes.add(new FieldChange(field, a, b));
            }
        }
        return changes;
    }

    static Map<String, Object> flatten(Document document) {
        Map<String, Object> leaves = new LinkedHashMap<>();
        if (document != null) {
            document.forEach((key, value) -> flatten(key, value, leaves));
        }
        return leaves;
    }

    private static void flatten(String path, Object value, Map<String, Object> leaves) {
        if (value instanceof Document nested) {
            nested.forEach((key, inner) -> flatten(path + "." + key, inner, leaves));
        } else if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object element : list) {
                flatten(path + "[" + i++ + "]", element, leaves);
            }
        } else if (value instanceof Date date) {
            leaves.put(path, date.toInstant().toString());
        } else {
            leaves.put(path, value);
        }
    }
}
