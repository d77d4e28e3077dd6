package dev.llmsuite.tokens;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** Requests as a tenant of the %test profile sends them. */
final class Api {

    private Api() {
    }

    static RequestSpecification asTenant() {
        return given().header("Authorization", "Bearer sk-test-tenant").contentType(ContentType.JSON);
    }
}
