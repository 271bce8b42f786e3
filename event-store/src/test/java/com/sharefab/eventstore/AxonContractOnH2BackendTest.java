package com.sharefab.eventstore;

/** Axon's storage-engine contract on mongo-java-server's H2 (MVStore) backend, a second implementation of the server. */
class AxonContractOnH2BackendTest extends AxonStorageEngineContract {

    @Override
    InProcessMongo startServer() {
        return InProcessMongo.h2();
    }
}
