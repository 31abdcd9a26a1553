package org.vasco.common.service;

import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.config.Environment;
import org.vasco.common.stage.TileStage;

/**
 * The slim entry point of a worker container image: the one {@link StageFactory} on the class path makes the
 * stage, {@link WorkerService} runs it with the {@code VASCO_…} settings of the process environment, and SIGTERM
 * stops it gracefully. Exits with status 2 and a message naming the problem when the class path holds no
 * factory, or more than one (an image must run exactly one step).
 */
public final class WorkerMain {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);

    private WorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<StageFactory> factories = ServiceLoader.load(StageFactory.class).stream().map(ServiceLoader.Provider::get).toList();
        if (factories.size() != 1) {
            LOG.error("A worker image runs exactly one stage, but the class path registers {} in META-INF/services/{}: {}."
                            + " Build the image from one worker module (mvn -Pimages -pl worker-<step> -am package).",
                    factories.size(), StageFactory.class.getName(), factories.stream().map(f -> f.getClass().getName()).toList());
            System.exit(2);
        }
        Environment env = Environment.system();
        TileStage stage = factories.get(0).create(env);
        WorkerService worker = WorkerService.start(env, stage, List.of(), null);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            stopped.countDown();
        }, "worker-shutdown"));
        LOG.info("{} worker running; metrics and health on port {}", stage.step().label(), worker.httpPort());
        stopped.await();
    }
}
