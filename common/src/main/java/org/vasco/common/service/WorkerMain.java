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
        StageFactory factory;
        try {
            factory = onlyFactory(ServiceLoader.load(StageFactory.class).stream().map(ServiceLoader.Provider::get).toList());
        } catch (IllegalStateException e) {
            LOG.error(e.getMessage());
            System.exit(2);
            return;
        }
        Environment env = Environment.system();
        TileStage stage = factory.create(env);
        WorkerService worker = WorkerService.start(env, stage, List.of(), null);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            stopped.countDown();
        }, "worker-shutdown"));
        LOG.info("{} worker running; metrics and health on port {}", stage.step().label(), worker.httpPort());
        stopped.await();
    }

    /**
     * The one factory of a worker image.
     *
     * @throws IllegalStateException naming what was found when there is none or more than one
     */
    static StageFactory onlyFactory(List<StageFactory> factories) {
        String registry = "META-INF/services/" + StageFactory.class.getName();
        if (factories.isEmpty()) {
            throw new IllegalStateException("No stage on the class path: no worker module registers a StageFactory in " + registry
                    + " (a worker module whose stage is not part of this build cannot run as a worker image yet)");
        }
        if (factories.size() > 1) {
            throw new IllegalStateException("A worker image runs exactly one stage, but " + registry + " registers "
                    + factories.stream().map(f -> f.getClass().getName()).toList()
                    + ": build the image from one worker module (mvn -Pimages -pl worker-<step> -am package jib:build)");
        }
        return factories.get(0);
    }
}
