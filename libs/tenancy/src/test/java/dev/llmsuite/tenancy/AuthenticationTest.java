package dev.llmsuite.tenancy;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class AuthenticationTest {

    @Test
    void aKnownKeyActsAsItsTenant() {
        given().header("Authorization", "Bearer sk-test-tenant").get("/v1/whoami")
                .then().statusCode(200).body("tenant", equalTo("acme")).body("admin", equalTo(false));
        given().header("Authorization", "Bearer sk-test-admin").get("/v1/whoami")
                .then().statusCode(200).body("tenant", equalTo("admin")).body("admin", equalTo(true));
    }

    @Test
    void aMissingOrUnknownKeyGets401InOpenAiFormat() {
        given().get("/v1/whoami").then().statusCode(401)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("invalid_api_key"))
                .body("error.message", containsString("Authorization: Bearer"))
                .body("error.param", nullValue());
        given().header("Authorization", "Bearer sk-wrong").get("/v1/whoami").then().statusCode(401)
                .body("error.code", equalTo("invalid_api_key"));
        given().header("Authorization", "Basic c2stdGVzdC10ZW5hbnQ=").get("/v1/whoami").then().statusCode(401);
    }

    @Test
    void badJsonAndWrongTypesGet400NamingTheField() {
        given().header("Authorization", "Bearer sk-test-tenant").contentType("application/json").body("{\"model\": ")
                .post("/v1/whoami").then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", containsString("not valid JSON"));
        given().header("Authorization", "Bearer sk-test-tenant").contentType("application/json").body("{\"model\":\"m\",\"count\":\"many\"}")
                .post("/v1/whoami").then().statusCode(400)
                .body("error.param", equalTo("count"));
        given().header("Authorization", "Bearer sk-test-tenant").contentType("application/json").body("{\"model\":\"m\",\"count\":0}")
                .post("/v1/whoami").then().statusCode(400)
                .body("error.message", equalTo("count must be at least 1, got 0"))
                .body("error.param", equalTo("count"));
    }

    @Test
    void anOversizedBodyGets413InOpenAiFormat() {
        String huge = "{\"model\":\"" + "x".repeat(100 * 1024) + "\",\"count\":1}";
        given().header("Authorization", "Bearer sk-test-tenant").contentType("application/json").body(huge)
                .post("/v1/whoami").then().statusCode(413)
                .body("error.code", equalTo("request_too_large"))
                .body("error.message", containsString("65536 bytes"));
    }

    @Test
    void unknownRoutesAndMethodsGetOpenAiErrors() {
        given().header("Authorization", "Bearer sk-test-tenant").get("/v1/nothing-here").then().statusCode(404)
                .body("error.code", equalTo("unknown_url"));
        given().header("Authorization", "Bearer sk-test-tenant").delete("/v1/whoami").then().statusCode(405)
                .body("error.code", equalTo("method_not_allowed"));
    }
}
