/** Accounts: registration, password sign-in, sessions in Redis, the first admin. */
@NullMarked
package io.slotstream.api.account;

import org.jspecify.annotations.NullMarked;
