package dev.llmsuite.servicetesting.adversarial;

/** What a probe's answer must be, beyond what every answer must be (no 5xx, a request id, OpenAI's error body). */
public sealed interface Expectation {

    /** 400 naming exactly this field in {@code param} (or a part of it, such as {@code prompt[2]}, when {@code prefix}). */
    record RefusedNaming(String param, boolean prefix) implements Expectation {
    }

    /** 400 for a broken body: which part is broken need not be named. */
    record Refused() implements Expectation {
    }

    /** 413: the body is larger than the service reads. */
    record TooLarge() implements Expectation {
    }

    /** The same status as the valid body: an unknown extra field changes nothing. */
    record LikeTheValidBody() implements Expectation {
    }

    /** Any answer that keeps the contract; when it is a 400, its {@code param} names this field or a part of it. */
    record AnyAnswerNaming(String param) implements Expectation {
    }

    /** Any answer that keeps the contract. */
    record AnyAnswer() implements Expectation {
    }
}
