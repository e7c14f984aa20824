package dev.ssmtpmailer.spring.health;

import java.util.List;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Spring Boot 4's health API; the Boot 3 build runs {@code SsmtpMailerHealthAutoConfigurationBoot3Test} instead. */
class SsmtpMailerHealthAutoConfigurationBoot4Test extends HealthAutoConfigurationScenarios {
    @Override
    String healthApiPackage() {
        return "org.springframework.boot.health";
    }

    @Override
    List<String> componentNames(AssertableApplicationContext context) {
        return contributor(context).stream().map(e -> e.name()).toList();
    }

    @Override
    Reading health(AssertableApplicationContext context, String component) {
        Health h = ((HealthIndicator) contributor(context).getContributor(component)).health();
        return new Reading(h.getStatus().getCode(), h.getDetails());
    }

    private static CompositeHealthContributor contributor(AssertableApplicationContext context) {
        return context.getBean("ssmtpMailerHealthContributor", CompositeHealthContributor.class);
    }
}
