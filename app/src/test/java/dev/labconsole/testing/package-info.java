/** Test harness pieces shared by the app's tests: a fault-injecting proxy in front of the AWS emulator. */
package dev.labconsole.testing;
