package dev.llmsuite.servicetesting.adversarial;

/** The JSON types a field can be sent as; a field accepts some of them and every other one is a wrong type. */
public enum JsonKind {
    STRING, INTEGER, DECIMAL, BOOLEAN, NULL, OBJECT, ARRAY
}
