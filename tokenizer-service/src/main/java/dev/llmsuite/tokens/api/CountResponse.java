package dev.llmsuite.tokens.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** Token counts per encoding: one count per input text, in input order, and their total. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CountResponse(String object, String model, List<EncodingCount> data) {

    public record EncodingCount(String encoding, int[] counts, long total) {
    }
}
