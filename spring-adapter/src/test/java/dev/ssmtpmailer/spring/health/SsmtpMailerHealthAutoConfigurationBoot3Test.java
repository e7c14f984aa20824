package dev.ssmtpmailer.spring.health;

import java.util.List;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** Spring Boot 3's health API; compiled and run only by the Boot 3 build ({@code spring-adapter/boot3-tests}). */
class SsmtpMailerHealthAutoConfigurationBoot3Test extends HealthAutoConfigurationScenarios {
    @Override
    String healthApiPackage() {
        return "org.springframework.boot.actuate";
    }

    @Override
    List<String> componentNames(AssertableApplicationContext context) {
        return contributor(context).stream().map(e -> e.getName()).toList();
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
