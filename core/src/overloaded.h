// The usual helper for std::visit with one lambda per alternative.
#ifndef RETORT_CORE_OVERLOADED_H_
#define RETORT_CORE_OVERLOADED_H_

namespace retort {

template <class... Lambdas>
struct Overloaded : Lambdas... {
  using Lambdas::operator()...;
};
template <class... Lambdas>
Overloaded(Lambdas...) -> Overloaded<Lambdas...>;

}  // namespace retort

#endif  // RETORT_CORE_OVERLOADED_H_
