/**
 * The lab's section 1, account safety: the checks a personal account should pass before the lab (root
 * MFA, work as an IAM user in an administrators group, an alias) and a monthly cost budget with an e-mail
 * alert. AWS Academy accounts are managed for the student, so there the checks are skipped and said so.
 */
package dev.labconsole.lab.account;
