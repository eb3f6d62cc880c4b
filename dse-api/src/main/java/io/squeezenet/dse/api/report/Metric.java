package io.squeezenet.dse.api.report;

import io.squeezenet.dse.model.InvalidFieldException;
import java.util.Locale;

/** The accuracy a summary ranks and plots by. */
public enum Metric {
    top1, top5;

    public static Metric parse(String text) {
        try {
            return valueOf(text.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("metric", "must be one of [top1, top5], got '" + text + "'");
        }
    }

    /** How titles and axes name it. */
    public String title() {
        return this == top1 ? "top-1" : "top-5";
    }
}
