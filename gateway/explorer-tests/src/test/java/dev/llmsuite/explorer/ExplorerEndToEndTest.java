package dev.llmsuite.explorer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmsuite.infra.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The explorer in a real headless Chromium against the real suite (every service a process, Kafka
 * and PostgreSQL real): each panel renders what the API answers for known inputs, and the page can
 * be used from the keyboard. Each panel's screenshot is saved (see README, "Web explorer").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplorerEndToEndTest {

    /** Waits are for a loaded 2-core CI machine: generous, and only a failing test waits them out. */
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private Suite suite;
    private Api api;
    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    void start() throws Exception {
        suite = new Suite().start();
        api = new Api(suite.url(), suite.apiKey());
        driver = Browser.start();
        wait = new WebDriverWait(driver, PATIENCE);
        driver.get(suite.url() + "/");
        driver.findElement(By.id("api-key")).sendKeys(suite.apiKey());
        driver.findElement(By.id("key-save")).click();
        wait.until(ExpectedConditions.textToBe(By.id("key-status"), "Key set for this browser tab."));
        wait.until(d -> !d.findElements(By.cssSelector("#cost-model option")).isEmpty());
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void tokensAreColouredExactlyAsTokenizeSplitsThem() throws Exception {
        String text = "Tokenization sets the price: Привет, мир! 1234567 tokens.";
        openPanel("tokens");
        type("tokens-text", text);
        driver.findElement(By.id("tokens-run")).click();
        wait.until(d -> d.findElements(By.cssSelector("#tokens-out .vocabulary")).size() >= 4);

        Set<String> shown = driver.findElements(By.cssSelector("#tokens-out .vocabulary")).stream()
                .map(e -> e.getAttribute("data-encoding")).collect(Collectors.toSet());
        assertTrue(shown.containsAll(Set.of("r50k_base", "cl100k_base", "o200k_base", "stories260k")), "vocabularies shown: " + shown);
        for (String encoding : shown) {
            boolean byteLevel = encoding.endsWith("_base");
            JsonNode expected = api.post("/v1/tokenize", byteLevel ? Map.of("text", text, "encoding", encoding, "return_offsets", true)
                    : Map.of("text", text, "encoding", encoding)).get("data").get(0);
            WebElement column = driver.findElement(By.cssSelector("#tokens-out .vocabulary[data-encoding='" + encoding + "']"));
            List<WebElement> spans = column.findElements(By.cssSelector(".token"));
            assertEquals(expected.get("count").asInt(), spans.size(), encoding);
            assertEquals(String.valueOf(expected.get("count").asInt()), column.findElement(By.cssSelector(".token-count")).getText());
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < spans.size(); i++) {
                int id = expected.get("tokens").get(i).asInt();
                ids.add(id);
                assertEquals(String.valueOf(id), spans.get(i).getAttribute("data-token-id"), encoding + " token " + i);
                assertEquals("id " + id, spans.get(i).getAttribute("title"), "the id shows on hover");
                if (byteLevel) {
                    assertEquals(expected.get("offsets").get(i).get("text").asText(), spans.get(i).getAttribute("textContent"));
                }
                if (i > 0) {
                    assertNotEquals(spans.get(i - 1).getCssValue("background-color"), spans.get(i).getCssValue("background-color"),
                            encoding + ": neighbouring tokens " + (i - 1) + " and " + i + " have different colours");
                }
            }
            // A token ending inside a character shows U+FFFD, as decoding it alone does. Byte-level BPE's offsets show
            // that for every part of the character; for the other vocabularies the token completing it shows it whole.
            if (!byteLevel) {
                String decoded = api.post("/v1/detokenize", Map.of("tokens", ids, "encoding", encoding)).get("text").asText();
                assertEquals(decoded, column.findElement(By.cssSelector(".tokens")).getAttribute("textContent").replace("\uFFFD", ""),
                        encoding + ": the coloured tokens spell the text");
            }
            String perToken = String.format(Locale.ROOT, "%.2f", (double) text.codePointCount(0, text.length()) / spans.size());
            assertEquals(perToken, column.findElement(By.cssSelector(".chars-per-token")).getText());
        }

        driver.findElement(By.id("languages-run")).click();
        wait.until(d -> d.findElements(By.cssSelector("#languages-out tr[data-language]")).size() == 2);
        JsonNode languages = api.post("/v1/pricing/estimate/languages", Map.of("model", "gpt-4o", "requests_per_month", 100000,
                "texts", Map.of("en", value("lang-en"), "ru", value("lang-ru")))).get("languages");
        Map<String, Long> tokensOf = new HashMap<>();
        languages.forEach(language -> tokensOf.put(language.get("language").asText(), language.get("tokens").asLong()));
        long english = tokensOf.get("en");
        long russian = tokensOf.get("ru");
        assertEquals(String.valueOf(english), driver.findElement(By.cssSelector("tr[data-language='en'] .lang-tokens")).getText());
        assertEquals(String.valueOf(russian), driver.findElement(By.cssSelector("tr[data-language='ru'] .lang-tokens")).getText());
        assertTrue(russian > english, "the Russian text takes more tokens than the English one");
        JsonNode counts = api.post("/v1/tokens/count", Map.of("texts", List.of(value("lang-en"), value("lang-ru")),
                "encodings", List.of("r50k_base", "cl100k_base", "o200k_base"))).get("data");
        for (JsonNode count : counts) {
            String row = ".per-vocabulary tr[data-encoding='" + count.get("encoding").asText() + "'] ";
            assertEquals(count.get("counts").get(0).asText(), driver.findElement(By.cssSelector(row + ".en")).getText());
            assertEquals(count.get("counts").get(1).asText(), driver.findElement(By.cssSelector(row + ".ru")).getText());
        }
        screenshot("tokens");
    }

    @Test
    void theLessonsJavaScriptPairIsSixtyFourHundredths() throws Exception {
        openPanel("embeddings");
        driver.findElement(By.id("embeddings-lesson")).click();
        wait.until(d -> d.findElements(By.cssSelector("#similarity-out rect.cell")).size() == 4);
        double cosine = api.post("/v1/similarity", Map.of("pairs", List.of(List.of("JavaScript is a programming language",
                "JS is a PL for the web")))).get("pairs").get(0).get("cosine").asDouble();
        List<WebElement> values = driver.findElements(By.cssSelector("#similarity-out text.value"));
        assertEquals("0.64", values.get(1).getText(), "the lesson's figure, as rendered");
        assertEquals(String.format(Locale.ROOT, "%.2f", cosine), values.get(1).getText());
        assertEquals(2, driver.findElements(By.cssSelector("#pca-out circle")).size());

        type("embeddings-text", "The cat sat on the mat.\nA kitten was sleeping on the rug.\nStock markets fell sharply today.\n"
                + "Investors sold shares after the report.\nJavaScript is a programming language\nJS is a PL for the web");
        driver.findElement(By.id("embeddings-run")).click();
        wait.until(d -> d.findElements(By.cssSelector("#similarity-out rect.cell")).size() == 36);
        wait.until(d -> d.findElements(By.cssSelector("#pca-out circle")).size() == 6);
        screenshot("embeddings");
    }

    @Test
    void eachStepShowsTheTopTenWithTheChosenTokenMarked() throws Exception {
        openPanel("generation");
        WebElement temperature = driver.findElement(By.id("temperature"));
        temperature.click();
        temperature.sendKeys(Keys.HOME);
        assertEquals("0", driver.findElement(By.id("temperature-value")).getText());
        driver.findElement(By.id("generation-step")).click();
        wait.until(d -> d.findElements(By.cssSelector("#generation-text .chip")).size() == 1);
        driver.findElement(By.id("generation-step")).click();
        wait.until(d -> d.findElements(By.cssSelector("#generation-text .chip")).size() == 2);

        List<WebElement> bars = driver.findElements(By.cssSelector("#generation-bars g.bar"));
        assertEquals(10, bars.size(), "a bar for each of the top 10");
        List<WebElement> marked = driver.findElements(By.cssSelector("#generation-bars g.bar.marked"));
        assertEquals(1, marked.size(), "the chosen token is marked");
        assertEquals(driver.findElements(By.cssSelector("#generation-text .chip")).get(1).getText(), marked.get(0).getAttribute("data-label"));

        JsonNode step = api.post("/v1/chat/completions", Map.of("model", "stories260K", "max_tokens", 2, "temperature", 0, "top_p", 1,
                        "seed", 42, "logprobs", true, "top_logprobs", 10,
                        "messages", List.of(Map.of("role", "user", "content", value("generation-prompt")))))
                .get("choices").get(0).get("logprobs").get("content").get(1);
        for (int i = 0; i < 10; i++) {
            double expected = Math.exp(step.get("top_logprobs").get(i).get("logprob").asDouble());
            assertEquals(expected, Double.parseDouble(bars.get(i).getAttribute("data-value")), 1e-9, "bar " + i);
        }

        type("stream-tokens", "12");
        driver.findElement(By.id("generation-stream")).click();
        wait.until(d -> d.findElements(By.cssSelector("#generation-text .note")).size() == 1);
        int streamed = driver.findElements(By.cssSelector("#generation-text .chip")).size();
        assertTrue(streamed >= 1 && streamed <= 12, streamed + " tokens streamed");
        assertEquals(10, driver.findElements(By.cssSelector("#generation-bars g.bar")).size());
        screenshot("generation");
    }

    @Test
    void everyAttentionRowSumsToOneAndTheCacheGrowsPerToken() throws Exception {
        openPanel("attention");
        driver.findElement(By.id("attention-run")).click();
        wait.until(d -> d.findElements(By.cssSelector("#attention-grid .thumb")).size() == 5 * 8);
        JsonNode explained = api.post("/v1/explain/attention", Map.of("model", "stories260K", "prompt", value("attention-prompt"),
                "layer", 0, "head", 0));
        int n = explained.get("tokens").size();

        @SuppressWarnings("unchecked")
        List<List<Object>> cells = (List<List<Object>>) driver.executeScript(
                "return [...document.querySelectorAll('#attention-detail rect.cell')]"
                        + ".map(c => [Number(c.dataset.row), Number(c.dataset.col), Number(c.dataset.value)]);");
        assertEquals(n * n, cells.size(), "a " + n + " x " + n + " matrix");
        double[] rowSums = new double[n];
        for (List<Object> cell : cells) {
            int row = ((Number) cell.get(0)).intValue();
            int col = ((Number) cell.get(1)).intValue();
            double weight = ((Number) cell.get(2)).doubleValue();
            if (col > row) {
                assertEquals(0.0, weight, "query " + row + " cannot attend to the later key " + col);
            }
            rowSums[row] += weight;
        }
        for (int row = 0; row < n; row++) {
            assertEquals(1.0, rowSums[row], 1e-5, "row " + row);
        }
        long perToken = explained.get("kv_cache").get("bytes_per_token").asLong();
        assertEquals(String.format(Locale.US, "%,d bytes per token", perToken), driver.findElement(By.cssSelector(".kv-per-token")).getText());
        assertTrue(driver.findElement(By.cssSelector(".kv-bytes")).getText().startsWith(String.format(Locale.US, "%,d bytes", perToken * n)));
        assertEquals(n, driver.findElements(By.cssSelector("#attention-kv g.column")).size(), "the cache after each token");
        screenshot("attention");

        new Select(driver.findElement(By.id("attention-layer"))).selectByValue("2");
        new Select(driver.findElement(By.id("attention-head"))).selectByValue("3");
        driver.findElement(By.id("attention-run")).click();
        wait.until(d -> d.findElements(By.cssSelector("#attention-grid .thumb")).size() == 1);
        assertEquals("Layer 2, head 3", driver.findElement(By.id("attention-detail-title")).getText());

        // Every layer and head of a longer prompt exceed the service's limit: the panel shows the first layer instead.
        String longer = "Lily saw a big red ball. She ran to the ball and kicked it over the fence.";
        int m = api.post("/v1/explain/attention", Map.of("model", "stories260K", "prompt", longer, "layer", 0, "head", 0)).get("tokens").size();
        assertTrue(40L * m * m > Suite.EXPLAIN_MAX_CELLS && 8L * m * m <= Suite.EXPLAIN_MAX_CELLS, m + " tokens");
        new Select(driver.findElement(By.id("attention-layer"))).selectByValue("");
        new Select(driver.findElement(By.id("attention-head"))).selectByValue("");
        type("attention-prompt", longer);
        driver.findElement(By.id("attention-run")).click();
        wait.until(d -> d.findElements(By.cssSelector("#attention-grid .thumb")).size() == 8
                && d.findElements(By.cssSelector("#attention-detail rect.cell")).size() == m * m);
        assertEquals("0", value("attention-layer"));
        assertTrue(driver.findElement(By.id("error")).getAttribute("hidden") != null, "no error is shown");
    }

    @Test
    void theCalculatorShowsTheLessonsHundredAndTwentyFiveDollarsAndTheLedgerShowsOurUsage() throws Exception {
        openPanel("cost");
        assertEquals("gpt-4o", value("cost-model"));
        driver.findElement(By.id("cost-run")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("cost-headline")));
        assertEquals("125.00", driver.findElement(By.id("cost-headline")).getText());
        assertEquals("125.00", driver.findElement(By.cssSelector("#cost-out tr.asked .input-month")).getText());
        assertTrue(driver.findElements(By.cssSelector("#cost-out tbody tr")).size() >= 4, "every catalog model side by side");

        api.post("/v1/completions", Map.of("model", "stories260K", "prompt", "Once upon a time", "max_tokens", 8));
        Eventually.await("the ledger to record the completion", () -> {
            for (JsonNode row : api.get("/v1/usage?group_by=model").get("data")) {
                if (row.get("group").asText().equalsIgnoreCase("stories260K") && row.get("requests").asLong() > 0) {
                    return true;
                }
            }
            return false;
        });
        driver.findElement(By.id("usage-run")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#usage-model g.bar")).isEmpty());
        wait.until(d -> !d.findElements(By.cssSelector("#usage-day g.column")).isEmpty());
        List<String> models = driver.findElements(By.cssSelector("#usage-model g.bar")).stream()
                .map(e -> e.getAttribute("data-label").toLowerCase(Locale.ROOT)).toList();
        assertTrue(models.contains("stories260k"), "usage by model: " + models);
        screenshot("cost");
    }

    @Test
    void everyControlHasALabelAndTheKeyboardReachesThePanelsInOrder() {
        driver.navigate().refresh();
        wait.until(d -> !d.findElements(By.cssSelector("#cost-model option")).isEmpty());
        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) driver.executeScript(
                "return [...document.querySelectorAll('input, select, textarea')]"
                        + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.id || e.outerHTML);");
        assertEquals(List.of(), unlabelled, "controls without a label");

        assertEquals("Key set for this browser tab.", driver.findElement(By.id("key-status")).getText(), "the key survives a reload");
        // After a reload nothing has focus, and Tab starts from the top of the page.
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
            order.add(driver.switchTo().activeElement().getAttribute("id"));
        }
        assertEquals(List.of("skip", "api-key", "key-save", "key-forget", "tab-tokens", "panel-tokens", "tokens-text", "tokens-run"), order);

        WebElement tokensTab = driver.findElement(By.id("tab-tokens"));
        tokensTab.click();
        tokensTab.sendKeys(Keys.ARROW_RIGHT);
        assertEquals("tab-embeddings", driver.switchTo().activeElement().getAttribute("id"), "arrow keys move along the tabs");
        assertEquals("true", driver.findElement(By.id("tab-embeddings")).getAttribute("aria-selected"));
        assertTrue(driver.findElement(By.id("panel-embeddings")).isDisplayed());
        assertFalse(driver.findElement(By.id("panel-tokens")).isDisplayed());
        driver.switchTo().activeElement().sendKeys(Keys.END);
        assertEquals("tab-cost", driver.switchTo().activeElement().getAttribute("id"));
        assertEquals("0", driver.findElement(By.id("tab-cost")).getAttribute("tabindex"), "only the selected tab is in the tab order");
        assertEquals("-1", driver.findElement(By.id("tab-tokens")).getAttribute("tabindex"));
    }

    private void openPanel(String name) {
        driver.findElement(By.id("tab-" + name)).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("panel-" + name)));
    }

    private void type(String id, String text) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private String value(String id) {
        return driver.findElement(By.id(id)).getDomProperty("value");
    }

    /** The whole panel: the window is made as tall as the page first, since a screenshot shows only what is in view. */
    private void screenshot(String panel) throws IOException {
        Path dir = Files.createDirectories(Path.of(System.getProperty("llmsuite.explorer.screenshots", "target/screenshots")));
        Dimension window = driver.manage().window().getSize();
        long height = (Long) driver.executeScript("return Math.ceil(document.documentElement.scrollHeight);");
        driver.manage().window().setSize(new Dimension(window.getWidth(), (int) height + 200));
        try {
            byte[] png = driver.findElement(By.id("panel-" + panel)).getScreenshotAs(OutputType.BYTES);
            Files.write(dir.resolve("explorer-" + panel + ".png"), png);
        } finally {
            driver.manage().window().setSize(window);
        }
    }
}
