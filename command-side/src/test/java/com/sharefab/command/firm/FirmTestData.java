package com.sharefab.command.firm;

import com.sharefab.events.firm.FirmRegisteredEvent;
import com.sharefab.events.firm.FirmRole;
import java.time.Instant;
import java.util.Set;

final class FirmTestData {

    static final String FIRM_ID = "firm-1";
    static final String VALID_USCC = "91350100M000100Y43";

    private FirmTestData() {}

    static RegisterFirmCommand aRegisterFirmCommand() {
        return new RegisterFirmCommand(
                FIRM_ID, "胶州帽业共享工厂", VALID_USCC, Set.of(FirmRole.FACTORY), "王伟", "+86 532 8888 1234", null);
    }

    static FirmRegisteredEvent aFirmRegisteredEvent(Instant at) {
        return new FirmRegisteredEvent(
                FIRM_ID, "胶州帽业共享工厂", VALID_USCC, Set.of(FirmRole.FACTORY), "王伟", "+86 532 8888 1234", null, at);
    }
}
