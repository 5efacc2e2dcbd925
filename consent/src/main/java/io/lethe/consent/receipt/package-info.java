/**
 * Consent receipts: the controller's signed statement of one event of the consent ledger, for the
 * data subject to keep and for anyone to check later.
 *
 * <p>A receipt is made for a consent choice (given, refused, withdrawn, renewed, ...) or for an
 * opt-out preference signal honoured, such as Global Privacy Control. It states, in the four
 * sections of ISO/IEC TS 27560:2023 (header, processing, parties, events), which ledger event it
 * stands for (its id and chain hash), the purpose with its lawful basis and the data categories it
 * uses, the notice version shown, the controller and the recipients, and the event itself with its
 * W3C DPV consent status. It never holds the subject's identifier: only the ledger's keyed hash of
 * it, with the identifier's type.
 *
 * <ul>
 *   <li>{@link io.lethe.consent.receipt.ConsentReceipts} makes receipts for a policy, signed with
 *       an Ed25519, EC P-256 or RSA key, and verifies them; its documentation gives the structure
 *       field by field, the sources of the field names and where receipts deviate from 27560;
 *   <li>{@link io.lethe.consent.receipt.ConsentReceipt} is one signed receipt, written by {@code
 *       toJson()} as {@code {"receipt": {...}, "signature": {"alg", "kid", "value"}}};
 *   <li>{@link io.lethe.consent.receipt.ReceiptVerification} is the result of a check: valid, or
 *       why not (malformed, unknown algorithm, wrong key, tampered).
 * </ul>
 *
 * <p>The JSON Schema (draft 2020-12) of the signed document ships in this jar as {@value
 * io.lethe.consent.receipt.ConsentReceipts#SCHEMA_RESOURCE}, with the {@code $id} {@value
 * io.lethe.consent.receipt.ConsentReceipts#SCHEMA_ID}; a copy is in the repository's {@code
 * docs/schema/}.
 *
 * <h2>Example</h2>
 *
 * <p>Given a {@code policy} and a {@code ledger} whose newest event is a subject's choice (as the
 * consent engine records it):
 *
 * <pre>{@code
 * KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
 * ConsentReceipts receipts =
 *     ConsentReceipts.builder(policy).signingKey(keys.getPrivate(), "receipts-2026").build();
 *
 * ConsentEvent event = ledger.last().orElseThrow();
 * String json = receipts.receipt(event).toJson(); // hand this to the data subject
 *
 * ReceiptVerification check = ConsentReceipts.verify(json, keys.getPublic());
 * boolean valid = check.valid(); // true; false with a reason once any value is changed
 * }</pre>
 *
 * <p>Keep the private key outside the database the ledger lives in, and publish the public key
 * under its id ({@code kid}) so that a subject, an authority or a court can check a receipt without
 * Lethe.
 */
package io.lethe.consent.receipt;
