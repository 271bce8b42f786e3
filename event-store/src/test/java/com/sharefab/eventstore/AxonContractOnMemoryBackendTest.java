package com.sharefab.eventstore;

/** Axon's storage-engine contract on mongo-java-server's memory backend (what the application's tests use). */
class AxonContractOnMemoryBackendTest extends AxonStorageEngineContract {

    @Override
    InProcessMongo startServer() {
        return InProcessMongo.memory();
    }
}
