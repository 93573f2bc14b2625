/** The Account side page (lab section 1): account safety checks and the monthly cost budget. */
package dev.labconsole.ui.account;
