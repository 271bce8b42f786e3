package com.sharefab.events.step;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The step taxonomy shipped with the platform (industry → step). Codes are part of the published language:
 * events name steps by code, so a code is never renamed or reused; new steps are only added.
 */
public final class StepTaxonomy {

    private static final List<Industry> INDUSTRIES = List.of(
            industry("headwear", "制帽", "Headwear",
                    step("hook-and-loop", "魔术扣缝制", "Hook-and-loop tape sewing"),
                    step("webbing", "织带裁剪缝制", "Webbing cutting and sewing"),
                    step("embroidery", "刺绣", "Embroidery"),
                    step("brim-making", "帽檐制作", "Brim making"),
                    step("sweatband-sewing", "汗带缝制", "Sweatband sewing"),
                    step("printing", "印花", "Printing")),
            industry("general", "通用加工", "General processing",
                    step("cnc-machining", "数控加工", "CNC machining"),
                    step("laser-cutting", "激光切割", "Laser cutting"),
                    step("injection-moulding", "注塑成型", "Injection moulding"),
                    step("sewing", "缝纫", "Sewing"),
                    step("packaging", "包装", "Packaging")));

    private static final Map<String, Step> STEPS_BY_CODE = index();

    private StepTaxonomy() {}

    /** All industries with their steps, in display order. */
    public static List<Industry> industries() {
        return INDUSTRIES;
    }

    /** All steps, in display order. */
    public static List<Step> steps() {
        return List.copyOf(STEPS_BY_CODE.values());
    }

    /** The step with this code, if the taxonomy has it. */
    public static Optional<Step> step(String code) {
        return Optional.ofNullable(code).map(STEPS_BY_CODE::get);
    }

    /** The industry with this code, if the taxonomy has it. */
    public static Optional<Industry> industry(String code) {
        return INDUSTRIES.stream().filter(i -> i.code().equals(code)).findFirst();
    }

    private static Industry industry(String code, String nameZh, String nameEn, String[]... steps) {
        var list = new ArrayList<Step>();
        for (var step : steps) {
            list.add(new Step(code + "." + step[0], code, step[1], step[2]));
        }
        return new Industry(code, nameZh, nameEn, List.copyOf(list));
    }

    private static String[] step(String code, String nameZh, String nameEn) {
        return new String[] {code, nameZh, nameEn};
    }

    private static Map<String, Step> index() {
        var map = new LinkedHashMap<String, Step>();
        for (var industry : INDUSTRIES) {
            for (var step : industry.steps()) {
                if (map.put(step.code(), step) != null) {
                    throw new IllegalStateException("duplicate step code " + step.code());
                }
            }
        }
        return map;
    }
}
