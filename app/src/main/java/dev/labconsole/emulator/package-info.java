/**
 * An AWS-like emulator: a loopback HTTP proxy in front of {@code moto} that gives it real AWS's timing
 * and transient errors (NAT gateways and load balancers that take minutes, eventual consistency,
 * network interfaces that linger after a delete, throttling, lost replies, expiring tokens), on a time
 * scale its caller chooses. Practice mode offers it ("realistic timing") and the tests run the lab
 * engine through it. It knows nothing of the lab, the window or the command line.
 */
package dev.labconsole.emulator;
