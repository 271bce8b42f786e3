package com.sharefab.sandbox;

/**
 * Runs the sandbox provider on its own: {@code java -jar payment-sandbox-exec.jar}. Port from {@code SANDBOX_PORT}
 * (8090), the notification signing secret from {@code SANDBOX_SECRET} (must equal the app's
 * {@code sharefab.payment.secret}).
 */
public final class SandboxMain {

    private SandboxMain() {}

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(env("SANDBOX_PORT", "8090"));
        String secret = env("SANDBOX_SECRET", SandboxProvider.DEFAULT_SECRET);
        var sandbox = SandboxProvider.start("0.0.0.0", port, secret);
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
        System.out.println("payment sandbox listening on " + sandbox.url());
        Thread.currentThread().join();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
