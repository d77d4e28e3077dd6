package dev.llmsuite.generation.bench;

import dev.llmsuite.servicetesting.ServiceProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/** The workloads run over HTTP against the packaged generation-service (and the gateway in front of it). */
final class HttpRuns {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String model;
    private final int endOfSequence;

    HttpRuns(String model, int endOfSequence) {
        this.model = model;
        this.endOfSequence = endOfSequence;
    }

    /**
     * Aggregate decode tokens per second of {@code prompts.size()} concurrent streamed completions
     * (one chunk per token: each carries its log-probability), over the time all of them stream.
     */
    double decodeThroughput(String base, List<int[]> prompts, int tokens) throws Exception {
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<Long>>> streams = new ArrayList<>();
            for (int[] prompt : prompts) {
                streams.add(clients.submit(() -> stream(base, prompt, tokens)));
            }
            List<List<Long>> arrivals = new ArrayList<>();
            for (Future<List<Long>> stream : streams) {
                arrivals.add(stream.get());
            }
            long from = arrivals.stream().mapToLong(List::getFirst).max().orElseThrow();
            long to = arrivals.stream().mapToLong(List::getLast).min().orElseThrow();
            long counted = arrivals.stream().flatMap(List::stream).filter(t -> t > from && t <= to).count();
            return counted / ((to - from) / 1e9);
        }
    }

    private List<Long> stream(String base, int[] prompt, int tokens) throws IOException, InterruptedException {
        String body = "{\"model\":\"" + model + "\",\"prompt\":" + Arrays.toString(prompt) + ",\"max_tokens\":" + tokens
                + ",\"temperature\":0,\"logprobs\":0,\"stream\":true,\"logit_bias\":{\"" + endOfSequence + "\":-100}}";
        HttpResponse<java.util.stream.Stream<String>> response = HTTP.send(post(base + "/v1/completions", body),
                HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body().collect(Collectors.joining("\n")));
        }
        List<Long> arrivals = new ArrayList<>();
        response.body().forEach(line -> {
            if (line.startsWith("data: {") && line.contains("\"logprobs\":{")) {
                arrivals.add(System.nanoTime());
            }
        });
        return arrivals;
    }

    /** {@code users} chat completions sent at once; returns how many answered 200, and prints any other answer once. */
    int concurrentChats(String base, int users, int maxTokens) {
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            String body = "{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens + ",\"temperature\":0.7,\"seed\":" + i
                    + ",\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},"
                    + "{\"role\":\"user\",\"content\":\"Write line " + i + " of a poem about the sea.\"}]}";
            answers.add(HTTP.sendAsync(post(base + "/v1/chat/completions", body), HttpResponse.BodyHandlers.ofString()));
        }
        int succeeded = 0;
        String firstFailure = null;
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.join();
            if (response.statusCode() == 200) {
                succeeded++;
            } else if (firstFailure == null) {
                firstFailure = response.statusCode() + " " + response.body();
            }
        }
        if (firstFailure != null) {
            System.out.println("  first failed answer: " + firstFailure);
        }
        return succeeded;
    }

    private static HttpRequest post(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + ServiceProcess.API_KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
