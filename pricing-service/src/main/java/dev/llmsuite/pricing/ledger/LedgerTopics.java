package dev.llmsuite.pricing.ledger;

import dev.llmsuite.pricing.budgets.BudgetAlert;
import dev.llmsuite.usage.kafka.RequiredTopics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The topics the ledger writes besides reading the usage topic: dead letters and budget alerts. */
@ApplicationScoped
public class LedgerTopics implements RequiredTopics {

    @Override
    public List<String> topics() {
        return List.of(DeadLetter.TOPIC, BudgetAlert.TOPIC);
    }
}
